# Runs a command and reports what Node cannot see of a child: its peak resident set size.
# Usage: measure.py [--cwd DIR] CMD [ARGS...]
# The command's stdout and stderr pass through; then one last stdout line
#   MEASURE {"status": int, "wallMs": float, "maxRssKb": int}
# maxRssKb is getrusage(RUSAGE_CHILDREN).ru_maxrss: the largest peak of the waited-for descendants
# (the command itself, or e.g. g++ if that was bigger), in kB on Linux. wallMs is timed here, so
# the wrapper's own Python start-up is not in it.
import json, resource, subprocess, sys, time

args = sys.argv[1:]
cwd = None
if args[:1] == ['--cwd']:
    cwd, args = args[1], args[2:]
sys.stdout.flush()
t0 = time.perf_counter()
status = subprocess.call(args, cwd=cwd)
wall = (time.perf_counter() - t0) * 1000
sys.stdout.flush()
print('MEASURE ' + json.dumps({'status': status, 'wallMs': round(wall, 3),
                              'maxRssKb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
