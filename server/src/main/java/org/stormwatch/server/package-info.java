/**
 * {@code stormwatch serve}: the collector API sensors submit to, the read API and the dashboard.
 */
package org.stormwatch.server;
