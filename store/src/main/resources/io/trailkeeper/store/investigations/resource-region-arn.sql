-- resource_region, first choice: the ARNs naming the resource in the destructive calls (an ARN's fourth field is
-- its region; IAM, Organizations, Route 53 and CloudFront ARNs have none: they are global).
SELECT DISTINCT x AS arn
FROM (SELECT unnest(resources) AS x FROM tk_scope)
WHERE starts_with(x, 'arn:') AND (x = $subject OR ends_with(x, $arn_suffix) OR ends_with(x, $path_suffix))
ORDER BY arn
