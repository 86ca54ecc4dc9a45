# key: the key's story from every share: first and last use, how many calls and errors, its IPs.
sort | {events: length, first: .[0][0], last: .[-1][0], errors: (map(select(.[5] != "")) | length),
        ips: (map(.[2]) | unique)}
