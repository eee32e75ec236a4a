-- How a reader knows a read replica has caught up (packages/db/src/replica.ts, docs/scaling.md):
-- waitForReplica bumps this one row on the primary and waits until the replica shows the new
-- value. A subscription applies transactions in commit order, so everything committed before the
-- bump is on the replica by then. No service's data: no row-level security needed.
create table replica_heartbeat (
  id smallint primary key check (id = 1),
  beat integer not null
);
insert into replica_heartbeat (id, beat) values (1, 0);
