package org.stormwatch.core.nbns;

import java.util.List;

/**
 * A decoded NBNS message (RFC 1002 section 4.2.1). In a malformed result it holds what was decoded
 * before the defect, so its sections may hold fewer entries than the header counts.
 */
public record NbnsMessage(
    NbnsHeader header,
    List<NbnsQuestion> questions,
    List<NbnsResourceRecord> answers,
    List<NbnsResourceRecord> authorities,
    List<NbnsResourceRecord> additionals) {

  public NbnsMessage {
    if (header == null) {
      throw new IllegalArgumentException("header is required");
    }
    questions = List.copyOf(questions);
    answers = List.copyOf(answers);
    authorities = List.copyOf(authorities);
    additionals = List.copyOf(additionals);
  }

  /** The first question, or null when there is none. */
  public NbnsQuestion firstQuestion() {
    return questions.isEmpty() ? null : questions.get(0);
  }

  /** Whether any question asks for the node status of the wildcard name. */
  public boolean wildcardNodeStatusQuery() {
    for (NbnsQuestion q : questions) {
      if (q.wildcardNodeStatus()) {
        return true;
      }
    }
    return false;
  }
}
