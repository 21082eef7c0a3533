"""Training the repair checker's model from its corpus (needs the ``train`` extra).

Nothing in the app or the non-UI commands imports this package: it is used by
``scripts/train_checker.py``, ``bench/checker_accuracy.py`` and the tests that
tie the shipped weights to the corpus.
"""
