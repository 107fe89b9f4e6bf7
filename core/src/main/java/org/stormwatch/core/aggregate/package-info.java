/** Port activity: records, distinct sources and targets per port, protocol and time bucket. */
package org.stormwatch.core.aggregate;
