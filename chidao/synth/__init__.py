"""A clearly labelled SYNTHETIC workload at national scale, for benchmarks and load tests.

`chidao synth` writes into the configured database: synthetic provinces with their
departments and communes, one synthetic steering committee per province (or one national
committee), yearly synthetic plans, and tasks with a realistic history — assignment,
deadlines, extensions requested, approved or refused, progress reports and contributions,
completions on time and late, cancellations — with the TaskEvent timeline that the services
would have written, so that the task history adds up to about `--events` events.

Nothing here is real, and everything says so:
- units and committees have an external_id starting with ``synthetic:`` and a name starting
  with "[Mô phỏng] ";
- everything points at the Source ``synthetic:workload`` (kind entry), whose note records the
  parameters the workload was built with;
- plans are TaskSource rows with synthetic=True, tasks have synthetic=True and titles that
  start with "[Mô phỏng] ", reports and events say "[Mô phỏng]" / actor "chidao synth".

The big tables are written in chunks: with COPY on PostgreSQL, with executemany elsewhere,
so memory stays bounded whatever the size. The workload is reproducible: the same
parameters (seed and reference date included) give the same rows. A task's history never
goes past the reference date (`today`), so figures as of any earlier cut-off are meaningful.

The number of events is met exactly whenever it is at least what the tasks' own history
needs (one "assigned" event per task, plus completions, cancellations and extensions);
progress reports fill the rest, spread over the tasks that have started, the longer running
ones getting more.

Modules: params (parameters, labels, odds), registers (provinces, units, committees,
plans), histories (each task's history drawn at random), rows (a chunk of histories as
table rows), bulk (COPY / executemany writers), build, clearing, selectors.
"""
