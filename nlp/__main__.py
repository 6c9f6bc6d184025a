"""Run the NLP command line as `python -m nlp train|eval|info`."""
from .cli import nlp_group

nlp_group(prog_name="python -m nlp")
