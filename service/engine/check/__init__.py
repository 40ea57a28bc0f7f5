"""The pre-publish check: findings about a draft's links, one pure function per rule.

Each rule family is a small module (``anchors``, ``placement``, ``targets``, ``density``)
of functions ``(CheckContext) -> Iterable[Issue]``; ``registry`` lists them by id and
``run.run_check`` runs them and adds the engine's suggestions.
"""
