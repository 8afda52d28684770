"""Who the learner is (identity across Voila pages) and their own pages: home, journal."""
