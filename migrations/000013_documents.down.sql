DROP TABLE documents;
DROP FUNCTION foi_documents_guard();
DROP TABLE blob_chunks;
DROP TABLE blobs;
