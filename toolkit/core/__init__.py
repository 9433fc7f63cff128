"""The domain core: questionnaires, scoring, answering and round rules.

Plain Python: nothing here imports Flask, the database or any layer above.
"""
