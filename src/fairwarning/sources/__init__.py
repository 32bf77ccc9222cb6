"""Source adapters: one record per opinion from every input shape."""
