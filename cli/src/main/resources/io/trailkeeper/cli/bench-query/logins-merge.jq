# logins: sign-ins from every share: how many, how many failed, and per user and result.
sort | {events: length, failures: (map(select(.[3] == "Failure")) | length),
        byUserResult: (group_by([.[2], .[3]]) | map({key: (.[0][2] + " " + .[0][3]), value: length}) | from_entries)}
