package org.stormwatch.core.model;

/**
 * What an application-layer decoder saw in a probe's payload (for example the NBNS flags and
 * question of a port-137 lookup). Implementations are immutable; the explainer reads them as named
 * feature values.
 */
public interface ProbeFeatures {}
