"""How reports are presented: labels and wording for the codes the analysis produces."""
