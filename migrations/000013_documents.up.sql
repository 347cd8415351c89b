-- Files, content-addressed by SHA-256 and stored once however often they
-- are attached, in rows of about 1 MiB so that no statement carries a
-- whole file. A blob exists only once all its chunks are written: its row
-- and its chunks commit together. Used by the PostgreSQL blob store (the
-- default); an S3-compatible store keeps the content elsewhere.
CREATE TABLE blobs (
    sha256     bytea PRIMARY KEY CHECK (length(sha256) = 32),
    size       bigint NOT NULL CHECK (size >= 0),
    chunk_size integer NOT NULL CHECK (chunk_size > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE blob_chunks (
    sha256 bytea NOT NULL REFERENCES blobs (sha256) ON DELETE CASCADE,
    seq    integer NOT NULL CHECK (seq >= 0),
    data   bytea NOT NULL,
    PRIMARY KEY (sha256, seq)
);
-- Most documents are already compressed (PDF, JPEG, OFD and Office
-- packages): store them as they are, out of line.
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TRIGGER blobs_immutable BEFORE UPDATE ON blobs
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();
CREATE TRIGGER blob_chunks_immutable BEFORE UPDATE ON blob_chunks
    FOR EACH ROW EXECUTE FUNCTION foi_append_only();

-- The documents attached to a case. A removal keeps the row (and the
-- file): the history names both events with the file's SHA-256.
CREATE TABLE documents (
    id             uuid PRIMARY KEY,
    application_id uuid NOT NULL REFERENCES applications (id),
    kind           text NOT NULL CHECK (kind IN ('APPLICANT_MATERIAL', 'PROVIDED', 'CONSULTEE_ANSWER',
                                                 'DELIVERY_PROOF', 'RECEIPT', 'INTERNAL')),
    file_name      text NOT NULL,
    media_type     text NOT NULL,
    size           bigint NOT NULL CHECK (size > 0),
    sha256         bytea NOT NULL CHECK (length(sha256) = 32),
    pages          integer NOT NULL DEFAULT 0 CHECK (pages >= 0),
    pages_source   text NOT NULL CHECK (pages_source IN ('PDF', 'ENTERED', 'NONE')),
    uploaded_by    uuid NOT NULL REFERENCES accounts (id),
    uploader_role  text NOT NULL,
    uploaded_at    timestamptz NOT NULL,
    event_seq      integer NOT NULL,
    removed_by     uuid REFERENCES accounts (id),
    removed_at     timestamptz,
    removed_seq    integer,
    removal_reason text NOT NULL DEFAULT ''
);
CREATE INDEX documents_application ON documents (application_id, uploaded_at);

-- A document's content and identity never change; it may only be removed,
-- once.
CREATE FUNCTION foi_documents_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.removed_at IS NOT NULL
       OR (NEW.id, NEW.application_id, NEW.kind, NEW.file_name, NEW.media_type, NEW.size, NEW.sha256,
           NEW.pages, NEW.pages_source, NEW.uploaded_by, NEW.uploaded_at, NEW.event_seq)
          IS DISTINCT FROM
          (OLD.id, OLD.application_id, OLD.kind, OLD.file_name, OLD.media_type, OLD.size, OLD.sha256,
           OLD.pages, OLD.pages_source, OLD.uploaded_by, OLD.uploaded_at, OLD.event_seq) THEN
        RAISE EXCEPTION 'documents are immutable: only a removal may be recorded, once'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER documents_guard BEFORE UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION foi_documents_guard();
