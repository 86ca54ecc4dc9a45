# logins: the sign-ins from every share that succeeded or failed: how many, how many failed, and per region and
# user "successes/failures".
map(select(.[2] == "Success" or .[2] == "Failure"))
| {events: length, failures: (map(select(.[2] == "Failure")) | length),
   byRegionUser: (group_by([.[0], .[1]])
                  | map({key: (.[0][0] + " " + .[0][1]),
                         value: ((map(select(.[2] == "Success")) | length | tostring) + "/"
                                 + (map(select(.[2] == "Failure")) | length | tostring))})
                  | from_entries)}
