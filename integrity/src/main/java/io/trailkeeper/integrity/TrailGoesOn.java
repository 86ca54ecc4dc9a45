package io.trailkeeper.integrity;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;

/**
 * What the rest of a trail did after one of its chains ended: the latest signed digest of the same trail (same
 * account folder, trail name and home region) in another region. StopLogging, DeleteTrail and turning log file
 * validation off stop a trail in every region at once, so a chain that ends while its trail goes on elsewhere was
 * not ended by them; and as a trail made single-region keeps delivering in its home region, a home region's chain
 * ending while another region's goes on has no documented cause but its digests deleted.
 */
final class TrailGoesOn {
    private TrailGoesOn() {
    }

    /**
     * The newest verified digest of the trail of {@code chain} in another region ending more than
     * {@link ChainLinker#GAP} after {@code last}, or null when the trail delivered nowhere else after it.
     */
    static DigestFile elsewhere(DigestName chain, Instant last, Collection<DigestFile> loaded) {
        Instant after = last.plus(ChainLinker.GAP);
        return loaded.stream().filter(d -> d.vouches() && !d.name.backfill())
                .filter(d -> d.name.root().equals(chain.root()) && d.name.trail().equals(chain.trail())
                        && d.name.homeRegion().equals(chain.homeRegion()) && !d.name.region().equals(chain.region()))
                .filter(d -> d.time().isAfter(after)).max(Comparator.comparing(DigestFile::time)).orElse(null);
    }

    /** Whether the chain is of its trail's home region (the digest name's region and home region are the same). */
    static boolean homeRegion(DigestName chain) {
        return chain.region().equals(chain.homeRegion());
    }
}
