package io.stablepay.core.testing;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writers a test lets in just before a fake store's next conditional write, one per write, to play
 * a race the store must lose: the store calls {@link #runNext} outside its own lock.
 */
public final class OtherWriters {

  private final Deque<Runnable> waiting = new ArrayDeque<>();

  public synchronized void add(Runnable writer) {
    waiting.add(writer);
  }

  /** Runs the writer waiting longest, if any. */
  public void runNext() {
    Runnable writer;
    synchronized (this) {
      writer = waiting.poll();
    }
    if (writer != null) {
      writer.run();
    }
  }
}
