"""Who the learner is: identity across Voila pages (the resume code kept in the browser, the
page's client as the server reports it, the question before a link replaces a learner)."""
