-- regions, notes: the opt-in regions enabled or disabled in the window (account.amazonaws.com EnableRegion,
-- DisableRegion; refused ones too), with who, from where and the region the request names (RegionName; read in either
-- case, as records of the Account Management API have been seen with both). A region an intruder enabled is where it
-- then works: logged only by a multi-region trail, and read by no collector that listed the regions before it.
-- The first 20 are read; total counts them all.
SELECT event_time,
       event_name AS call,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       source_ip,
       error_code,
       coalesce(record->>'$.requestParameters.RegionName', record->>'$.requestParameters.regionName') AS region,
       count(*) OVER () AS total
FROM (SELECT *, tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record
      FROM events
      WHERE event_source = 'account.amazonaws.com' AND event_name IN ('EnableRegion', 'DisableRegion')
        AND {{window}})
ORDER BY event_time, record_hash
LIMIT 20
