-- The words of the document full-text index with the number of documents
-- that contain each. A document search estimates from it how many documents
-- match: a word in most of them is searched by walking the list in its sort
-- order instead of sorting every match.
CREATE VIRTUAL TABLE documents_fts_vocab USING fts5vocab(documents_fts, 'row');
