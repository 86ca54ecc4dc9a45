# key: the key's story from every share: how many calls, first and last, how many failed, how many distinct IPs,
# which regions.
sort | {events: length, first: .[0][0], last: .[-1][0], errors: (map(select(.[5] != null)) | length),
        ips: (map(.[2]) | unique | length), regions: (map(.[1]) | unique)}
