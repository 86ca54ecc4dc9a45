package io.trailkeeper.integrity;

import java.io.IOException;
import java.util.List;

/** An evidence folder for tests that override one part of it (a listing or a read that fails). */
class DelegatingSource implements EvidenceSource {
    protected final EvidenceFolder folder;

    DelegatingSource(EvidenceFolder folder) {
        this.folder = folder;
    }

    @Override
    public String describe() {
        return folder.describe();
    }

    @Override
    public List<String> folders(String bucket, String prefix) throws IOException {
        return folder.folders(bucket, prefix);
    }

    @Override
    public List<String> keys(String bucket, String prefix) throws IOException {
        return folder.keys(bucket, prefix);
    }

    @Override
    public OpenedObject open(String bucket, String key, long limit) throws IOException {
        return folder.open(bucket, key, limit);
    }
}
