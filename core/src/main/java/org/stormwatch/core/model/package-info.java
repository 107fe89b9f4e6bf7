/** The probe: the one shape every input becomes. */
package org.stormwatch.core.model;
