"""``python -m fairwarning.system``: rewrite the packaged benchmark data in canonical form."""

from fairwarning.system.benchmarks import rewrite_canonical

for path in rewrite_canonical():
    print(f"rewrote {path}")
