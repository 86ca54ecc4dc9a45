-- resource_region, last choice: the regions that recorded the other events naming the resource (not the destructive
-- calls; from the same service when $source is given), data events first: S3 records object calls in the bucket's
-- region.
SELECT aws_region AS recorded_in,
       count(*) FILTER (WHERE event_category = 'Data') AS data_events,
       count(*) AS events
FROM events
WHERE ($source = '' OR event_source = $source) AND NOT {{destructive}} AND {{names_resource}}
GROUP BY ALL
ORDER BY data_events DESC, events DESC, recorded_in
