package io.cosell.shared.usecase;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What the admin function answers: an {@link AdminReport} (resync, dead-letter replay) or a {@link DoctorReport}.
 * Written as the answer's own fields, without a type name (Jackson's deduction writes none).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
@JsonSubTypes({@JsonSubTypes.Type(AdminReport.class), @JsonSubTypes.Type(DoctorReport.class)})
public sealed interface AdminAnswer permits AdminReport, DoctorReport {
}
