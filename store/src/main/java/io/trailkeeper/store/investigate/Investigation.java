package io.trailkeeper.store.investigate;

/**
 * The code behind one catalogue entry: runs its SQL through the {@link Context}, makes every section the
 * catalogue lists and says the answer in notes. Implementations hold no state between runs.
 */
interface Investigation {
    void answer(Context c);
}
