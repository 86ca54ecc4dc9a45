package io.trailkeeper.store;

import io.trailkeeper.events.IngestProblem;
import io.trailkeeper.events.ProblemCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Expands the paths a user names into the files to read. A named file is always read; inside a folder
 * (walked recursively) only files that can hold CloudTrail are: .json, .jsonl, .ndjson, .gz, .zip, .tar and
 * .tgz, copies {@code collect s3 --keep-raw} set aside, and files with no extension that start like JSON or gzip.
 * Hidden files and folders are passed over, and so is everything else, counted. Symbolic links are followed
 * (a folder named through one, links inside folders to files or folders): a link that leads nowhere is
 * reported as a problem, a link back to a folder being walked is passed over (its files are read once).
 */
final class InputFiles {
    static final List<String> SUFFIXES = List.of(".json", ".jsonl", ".ndjson", ".gz", ".zip", ".tar",
            ".tgz");
    /** What {@code collect s3 --keep-raw} writes beside each object: S3's metadata, not events. */
    private static final String SIDECAR_SUFFIX = ".s3meta.json";
    /** A kept object's earlier content, set aside when the bucket's object changed: evidence to read. */
    private static final java.util.regex.Pattern SET_ASIDE = java.util.regex.Pattern.compile(
            ".*\\.(json|jsonl|ndjson|gz)\\.before-[0-9tz]+"); // names are compared lowercased

    /** A file to read, with what its checkpoint compares. */
    record Candidate(Path path, String sourceName, long size, Instant modifiedAt) {
    }

    final List<Candidate> candidates = new ArrayList<>();
    final List<Ingest.PassedOver> ignored = new ArrayList<>();
    final List<IngestProblem> problems = new ArrayList<>();
    /** The folders and files walked so far, by file key (inode), with the path they were first met by. */
    private final java.util.Map<Object, Path> seen = new java.util.HashMap<>();

    static InputFiles expand(List<Path> inputs) {
        InputFiles files = new InputFiles();
        TreeMap<String, Candidate> unique = new TreeMap<>();
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                files.problems.add(new IngestProblem(input.toString(), "", -1, ProblemCode.UNREADABLE,
                        IngestProblem.Outcome.REJECTED, "no such file or folder", null));
            } else if (Files.isDirectory(input)) {
                files.walk(input, unique);
            } else {
                Candidate c = candidate(input);
                unique.put(c.sourceName(), c);
            }
        }
        files.candidates.addAll(unique.values());
        files.candidates.sort(IN_TIME_ORDER);
        return files;
    }

    private static final java.util.regex.Pattern DELIVERY_TIME =
            java.util.regex.Pattern.compile("_(\\d{8}T\\d{4}Z)_");

    /**
     * Trail files in the order CloudTrail delivered them (the time in their name), across regions and
     * accounts; others by path. The store then fills in time order, so that its row groups cover narrow time
     * ranges: time-bounded queries and the duplicate check skip most of them.
     */
    static final java.util.Comparator<Candidate> IN_TIME_ORDER = java.util.Comparator
            .comparing((Candidate c) -> deliveryTime(c.path()))
            .thenComparing(Candidate::sourceName);

    static String deliveryTime(Path file) {
        java.util.regex.Matcher m = DELIVERY_TIME.matcher(file.getFileName().toString());
        return m.find() ? m.group(1) : "";
    }

    private void walk(Path dir, TreeMap<String, Candidate> unique) {
        FileVisitor<Path> visitor = new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (!d.equals(dir) && hidden(d)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Path first = firstPath(attrs, d);
                if (first != null) {
                    ignored.add(new Ingest.PassedOver(d, "the folder read already as " + first));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (hidden(file)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    // followed links come with their target's attributes: this one cannot be followed
                    if (readable(file)) {
                        problems.add(new IngestProblem(file.toString(), "", -1, ProblemCode.UNREADABLE,
                                IngestProblem.Outcome.REJECTED, "a symbolic link that cannot be followed (to "
                                + linkTarget(file) + ": missing, unreadable or a loop of links)", null));
                    } else {
                        ignored.add(new Ingest.PassedOver(file, "a symbolic link that cannot be followed"));
                    }
                } else if (!attrs.isRegularFile()) {
                    ignored.add(new Ingest.PassedOver(file, "not a regular file"));
                } else if (name(file).endsWith(SIDECAR_SUFFIX)) {
                    ignored.add(new Ingest.PassedOver(file, "S3 metadata kept beside a downloaded object"));
                } else if (readable(file)) {
                    Path first = firstPath(attrs, file);
                    if (first != null) {
                        ignored.add(new Ingest.PassedOver(file, "the file read already as " + first));
                    } else {
                        Candidate c = new Candidate(file, sourceName(file), attrs.size(),
                                attrs.lastModifiedTime().toInstant());
                        unique.put(c.sourceName(), c);
                    }
                } else {
                    ignored.add(new Ingest.PassedOver(file, "not .json/.jsonl/.ndjson/.gz/.zip/.tar, and"
                            + (hasExtension(name(file)) ? " another extension" : " not JSON or gzip")));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                if (e instanceof FileSystemLoopException) {
                    ignored.add(new Ingest.PassedOver(file, "a link back to a folder already being read"));
                } else {
                    problems.add(new IngestProblem(file.toString(), "", -1, ProblemCode.UNREADABLE,
                            IngestProblem.Outcome.REJECTED, "cannot be read: " + e.getMessage(), null));
                }
                return FileVisitResult.CONTINUE;
            }
        };
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, visitor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where a folder or file was met before, through another path (two links to one folder, a folder named and
     * linked), or null the first time: remembered by the file system's key, so that it is read once.
     */
    private Path firstPath(BasicFileAttributes attrs, Path p) {
        Object key = attrs.fileKey();
        if (key == null) {
            return null;
        }
        Path first = seen.putIfAbsent(key, p);
        return first == null || first.equals(p) ? null : first;
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    private static Candidate candidate(Path file) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            return new Candidate(file, sourceName(file), attrs.size(), attrs.lastModifiedTime().toInstant());
        } catch (IOException e) {
            return new Candidate(file, sourceName(file), -1, Instant.EPOCH);
        }
    }

    static String sourceName(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    /**
     * Whether a file in a folder is read: by its extension, a kept object's set-aside copy, or, for a name with
     * no extension at all (Firehose names its objects so unless told otherwise), by its first bytes.
     */
    private static boolean readable(Path file) {
        String name = name(file);
        if (SUFFIXES.stream().anyMatch(name::endsWith) || SET_ASIDE.matcher(name).matches()) {
            return true;
        }
        return !hasExtension(name) && startsLikeJsonOrGzip(file);
    }

    /**
     * Whether the name ends in what looks like an extension: a short last part after a dot, without a '-'. A
     * Firehose stream named {@code ct.cwl} writes {@code ct.cwl-1-2024-07-10-...}, which has none.
     */
    private static boolean hasExtension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return false;
        }
        String last = name.substring(dot + 1);
        return !last.isEmpty() && last.length() <= 8 && last.indexOf('-') < 0;
    }

    private static String name(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT);
    }

    private static boolean startsLikeJsonOrGzip(Path file) {
        byte[] head = new byte[16];
        int n;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return true; // read it, so that the failure is reported with its reason
        }
        if (n >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return true;
        }
        int i = n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF ? 3 : 0;
        while (i < n && Character.isWhitespace(head[i])) {
            i++;
        }
        return i < n && (head[i] == '{' || head[i] == '[');
    }
}
