// id: 00-internet
// description: Ensures the Internet singleton exists, so exposure relationships have a source even on a graph loaded
//   without the ingest's INTERNET_STATEMENT (e.g. a restored backup).
MERGE (internet:Internet {id: 'internet'})
ON CREATE SET internet.name = 'Internet', internet.cloud = 'none', internet.scope = 'shared'
RETURN count(internet) AS internetNodes
