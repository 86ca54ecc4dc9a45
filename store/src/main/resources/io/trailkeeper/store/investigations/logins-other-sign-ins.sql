-- logins, beside the console sign-ins: the sign-in events of IAM Identity Center (and of AD and smart card users) in
-- the window, with --actor/--ip applied. They are not ConsoleLogin and are not counted as console sign-ins:
-- CredentialChallenge (a credential asked for), CredentialVerification (one tried: serviceEventDetails says Success
-- or Failure: failed-sign-in.sql) and UserAuthentication (signed in). Only the verifications' records are read.
SELECT count(*) FILTER (WHERE event_name = 'UserAuthentication') AS signed_in,
       count(*) FILTER (WHERE event_name = 'CredentialVerification') AS verifications,
       count(*) FILTER (WHERE {{failed_sign_in}}) AS failed_verifications
FROM events
WHERE event_source = 'signin.amazonaws.com'
  AND event_name IN ('CredentialChallenge', 'CredentialVerification', 'UserAuthentication')
  AND {{window}} AND {{filters}}
