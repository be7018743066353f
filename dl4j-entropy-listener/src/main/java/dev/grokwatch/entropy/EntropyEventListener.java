package dev.grokwatch.entropy;

/** Receives each {@link EntropyEvent} once, on the training thread, as the listener records it. */
@FunctionalInterface
public interface EntropyEventListener {

    void onEvent(EntropyEvent event);
}
