"""The everyday bench's parts (bench/everyday_bench.py is the command that runs them).

One module a thing, as the project's rule asks of a module over 600 lines: the workload and
who asks (workload), how a figure is timed (timing), the sections run in process (inprocess),
through a served gunicorn (served), the reminders (reminders), beside Redmine (redmine), and
the closing table of goals (report).
"""
