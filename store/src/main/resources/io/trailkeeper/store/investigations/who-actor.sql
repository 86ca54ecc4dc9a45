-- Fragment: the events of the principals the actor's text or ARN names (person.sql).
{{person}}
