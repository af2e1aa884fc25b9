-- Membership of people in organisations, with a role in each. A person
-- may belong to several organisations; users.organisation_id stays the
-- one a login starts in. Roles and their rights: src/domain/organisation.rs.
CREATE TABLE organisation_members (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL CHECK (role IN ('owner', 'member', 'billing', 'viewer')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX organisation_members_organisation ON organisation_members (organisation_id);

-- Every existing customer owns the organisation they were created in, so
-- nobody loses access.
INSERT INTO organisation_members (user_id, organisation_id, role, created_at)
SELECT id, organisation_id, 'owner', created_at
FROM users
WHERE role = 'customer' AND organisation_id IS NOT NULL;
