# logins: sign-ins from every share: how many, how many failed, and per region and user "successes/failures".
{events: length, failures: (map(select(.[2] == "Failure")) | length),
 byRegionUser: (group_by([.[0], .[1]])
                | map({key: (.[0][0] + " " + .[0][1]),
                       value: ((map(select(.[2] == "Success")) | length | tostring) + "/"
                               + (map(select(.[2] == "Failure")) | length | tostring))})
                | from_entries)}
