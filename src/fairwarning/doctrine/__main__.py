"""``python -m fairwarning.doctrine``: rewrite the packaged doctrine data files in canonical form."""

from fairwarning.doctrine._data import rewrite_canonical

for _name in rewrite_canonical():
    print(f"rewrote {_name}")
