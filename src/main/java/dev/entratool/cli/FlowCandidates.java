package dev.entratool.cli;

import dev.entratool.profile.Flow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The flow names that shell completion offers after {@code -f}/{@code --flow}. */
final class FlowCandidates implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    List<String> names = new ArrayList<>();
    for (Flow f : Flow.values()) {
      names.add(f.name());
    }
    return names.iterator();
  }
}
