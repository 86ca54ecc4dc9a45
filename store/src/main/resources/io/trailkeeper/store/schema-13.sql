-- TrailKeeper store, schema version 13: source_identity, the person behind a session when the record names one:
-- userIdentity.sessionContext.sourceIdentity (set at AssumeRole and kept through role chaining), else
-- userIdentity.onBehalfOf.userId (an IAM Identity Center user, for identity-enhanced sessions). NULL for most events.
-- query --user and investigate actor test it, so a session is found by its person even when the call that began its
-- chain is not in the store. Events stored before this version keep NULL until `trailkeeper rederive` reads their
-- records again (SourceIdentityCoverage, Rederive).
ALTER TABLE events ADD COLUMN IF NOT EXISTS source_identity VARCHAR;
