"""``python -m service.eval SITE --cutoff DATE``: the ``linkwright eval`` command."""

from service.cli.eval import eval_command

eval_command(prog_name="python -m service.eval")
