/**
 * Simulated devices for {@code hallmark simulate} and the demo: believable normal traffic with noise, and the attacks
 * behaviour monitoring must catch (flood, scan, telnet, exfiltration).
 */
package io.hallmark.agent.sim;
