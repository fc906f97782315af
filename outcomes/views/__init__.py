"""Pages for drafting, circulating, negotiating, adopting and publishing outcome documents, by area.

Every view declares its rule with `@rule` (ccm_portal.access); objects are found through
`outcomes.loaders`, so what one may not see is a 404 and what one may see but not do a 403.
Views stay thin: a form, a service, a message, a redirect; reads they share are selectors.
"""
