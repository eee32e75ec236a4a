-- Read replicas (docs/scaling.md) are kept in step by PostgreSQL's logical replication, which
-- identifies an updated or deleted row by its primary key. project_rules has none (a rule is its
-- whole row), and a publisher refuses updates and deletes of a published table it cannot identify
-- rows of: the whole old row identifies it instead. Without a publication this changes nothing.
alter table project_rules replica identity full;
