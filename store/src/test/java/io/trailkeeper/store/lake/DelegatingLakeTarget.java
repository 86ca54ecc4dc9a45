package io.trailkeeper.store.lake;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A local lake for tests that override one part of it (a crash, a remote location, a refused delete). */
public class DelegatingLakeTarget implements LakeTarget {
    protected final LocalLakeTarget local;

    public DelegatingLakeTarget(Path root) {
        this.local = new LocalLakeTarget(root);
    }

    @Override
    public String location() {
        return local.location();
    }

    @Override
    public boolean remote() {
        return local.remote();
    }

    @Override
    public Path temporary(String relative) throws IOException {
        return local.temporary(relative);
    }

    @Override
    public long put(Path temporary, String relative) throws IOException {
        return local.put(temporary, relative);
    }

    @Override
    public boolean exists(String relative) {
        return local.exists(relative);
    }

    @Override
    public <T> T read(String relative, Reading<T> check) throws IOException {
        return local.read(relative, check);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return local.list(prefix);
    }

    @Override
    public Path local(String relative) {
        return local.local(relative);
    }

    @Override
    public void delete(String relative) throws IOException {
        local.delete(relative);
    }
}
