# actor: the actor's own calls and its sessions' calls from every share.
sort | {events: length, own: (map(select(.[2] == $actor)) | length),
        sessions: (map(select(.[2] != $actor) | .[2]) | unique)}
