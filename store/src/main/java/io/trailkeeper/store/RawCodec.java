package io.trailkeeper.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictTrainer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the store keeps each record's raw JSON: zstd, one frame per record, with a dictionary trained on the
 * store's own records so that a 1.3 KB record takes about 180 bytes. Codec 0 means no dictionary; codec N
 * is raw_dictionaries row N. Dictionaries are never changed once written, so every row stays readable.
 */
final class RawCodec {
    static final short NO_DICTIONARY = 0;
    static final int DICTIONARY_BYTES = 112 * 1024;
    /** Fewer samples than this make a dictionary that helps little. */
    static final int MIN_TRAINING_SAMPLES = 1_000;
    private static final int LEVEL = 1;

    private final Map<Short, byte[]> dictionaries = new ConcurrentHashMap<>();

    void addDictionary(short codec, byte[] dictionary) {
        dictionaries.put(codec, dictionary);
    }

    boolean hasDictionary(short codec) {
        return codec == NO_DICTIONARY || dictionaries.containsKey(codec);
    }

    /** Trains a dictionary on sample records; null when the samples are too few to be worth it. */
    static byte[] train(List<byte[]> samples) {
        if (samples.size() < MIN_TRAINING_SAMPLES) {
            return null;
        }
        long total = 0;
        for (byte[] s : samples) {
            total += s.length;
        }
        ZstdDictTrainer trainer = new ZstdDictTrainer((int) Math.min(Integer.MAX_VALUE - 8, total + 1024),
                DICTIONARY_BYTES);
        for (byte[] s : samples) {
            trainer.addSample(s);
        }
        try {
            return trainer.trainSamples();
        } catch (RuntimeException e) {
            // zstd refuses samples it cannot learn from; records then go without a dictionary
            return null;
        }
    }

    /** A compressor for one thread. */
    Compressor compressor(short codec) {
        return new Compressor(codec, codec == NO_DICTIONARY ? null : dictionaries.get(codec));
    }

    /** A decompressor for one thread. */
    Decompressor decompressor() {
        return new Decompressor();
    }

    /** Compresses records with one codec. Not thread-safe. */
    static final class Compressor implements AutoCloseable {
        private final short codec;
        private final ZstdCompressCtx ctx = new ZstdCompressCtx();
        private byte[] buffer = new byte[64 * 1024];

        private Compressor(short codec, byte[] dictionary) {
            this.codec = codec;
            ctx.setLevel(LEVEL);
            ctx.setContentSize(true);
            ctx.setChecksum(false);
            if (dictionary != null) {
                ctx.loadDict(dictionary);
            }
        }

        short codec() {
            return codec;
        }

        byte[] compress(byte[] raw) {
            int bound = (int) Zstd.compressBound(raw.length);
            if (buffer.length < bound) {
                buffer = new byte[bound];
            }
            int n = ctx.compressByteArray(buffer, 0, buffer.length, raw, 0, raw.length);
            return java.util.Arrays.copyOf(buffer, n);
        }

        @Override
        public void close() {
            ctx.close();
        }
    }

    /** Decompresses records of any codec. Not thread-safe. */
    final class Decompressor implements AutoCloseable {
        private final Map<Short, ZstdDecompressCtx> contexts = new java.util.HashMap<>();

        byte[] decompress(short codec, byte[] compressed) {
            ZstdDecompressCtx ctx = contexts.computeIfAbsent(codec, c -> {
                ZstdDecompressCtx d = new ZstdDecompressCtx();
                if (c != NO_DICTIONARY) {
                    byte[] dictionary = dictionaries.get(c);
                    if (dictionary == null) {
                        throw new IllegalStateException("the store has no raw dictionary " + c);
                    }
                    d.loadDict(dictionary);
                }
                return d;
            });
            long size = Zstd.getFrameContentSize(compressed);
            if (size < 0 || size > Integer.MAX_VALUE) {
                throw new IllegalStateException("a stored record has no readable size (codec " + codec + ")");
            }
            byte[] out = new byte[(int) size];
            int n = ctx.decompressByteArray(out, 0, out.length, compressed, 0, compressed.length);
            return n == out.length ? out : java.util.Arrays.copyOf(out, n);
        }

        @Override
        public void close() {
            contexts.values().forEach(ZstdDecompressCtx::close);
        }
    }
}
