#!/usr/bin/env bash
# The script behind action.yml: compare the questionnaires a pull request changes with its base,
# gate on band changes, write the step summary and the action's outputs.
#
# The work is done by action_compare.py beside this file (standard library only), where every
# value from the inputs, the repository and jescore can be checked and escaped before it reaches
# git or the log; its docstring lists the environment, the outputs and the exit codes
# (0 gate held, 1 gate tripped, 2 usage, 3 invalid input, 4 jescore failed otherwise).
# JESCORE_PYTHON names the Python that has jescore installed (default: python3 on the PATH, the
# one the action's setup step installed jescore into); the project configuration is read with it.
set -euo pipefail
exec "${JESCORE_PYTHON:-python3}" "$(dirname "${BASH_SOURCE[0]}")/action_compare.py"
