# actor: how many calls the principals made themselves, the sessions they created that did something, and how
# many calls those sessions made.
{events: map(select(.[0])) | length, sessions: (map(select(.[0] | not) | .[1]) | unique),
 sessionEvents: (map(select(.[0] | not)) | length)}
