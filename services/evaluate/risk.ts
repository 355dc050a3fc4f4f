/**
 * Risk of an attack path, from the factors its Cypher returns. The score is the sum of the points below; the level
 * follows from the score. Documented in docs/risk.md — change both together.
 */
import type { Severity } from './rule-files.js';

export interface PathFactors {
  /** How the attacker gets in: internet exposure kinds, or 'exec' / 'modification' for the non-internet variants. */
  exposure?: string;
  /** Widest scope the privileged grant reaches. */
  breadth?: string;
  /** Why the grant is privileged (role name, '*', escalation action, ...). */
  privilege?: string;
  criticalVulns?: number;
  highVulns?: number;
  exec?: boolean;
  /** The grant carries a condition the control plane cannot judge. */
  conditional?: boolean;
}

export const EXPOSURE_POINTS: Record<string, number> = {
  ingress: 3, 'public-ip': 3, direct: 3, 'load-balancer': 3, exec: 2, modification: 1,
};
export const BREADTH_POINTS: Record<string, number> = {
  tenant: 4, managementGroup: 4, account: 3, subscription: 3, provider: 3, resourceGroup: 2,
};

export interface RiskAssessment {
  risk: Severity;
  riskScore: number;
  riskFactors: string[];
}

export function assessRisk(f: PathFactors): RiskAssessment {
  const factors: string[] = [];
  let score = 0;
  const exposure = EXPOSURE_POINTS[f.exposure ?? ''] ?? 1;
  score += exposure;
  factors.push(`exposure:${f.exposure ?? 'unknown'}(+${exposure})`);
  const breadth = BREADTH_POINTS[f.breadth ?? ''] ?? 2;
  score += breadth;
  factors.push(`breadth:${f.breadth ?? 'unknown'}(+${breadth})`);
  if ((f.criticalVulns ?? 0) > 0) {
    score += 2;
    factors.push(`critical-vulnerabilities:${f.criticalVulns}(+2)`);
  } else if ((f.highVulns ?? 0) > 0) {
    score += 1;
    factors.push(`high-vulnerabilities:${f.highVulns}(+1)`);
  }
  if (f.exec && f.exposure !== 'exec') {
    score += 1;
    factors.push('ecs-exec-enabled(+1)');
  }
  if (f.conditional) {
    score -= 1;
    factors.push('conditional-grant(-1)');
  }
  const risk: Severity = score >= 8 ? 'Critical' : score >= 6 ? 'High' : score >= 4 ? 'Medium' : 'Low';
  return { risk, riskScore: score, riskFactors: factors };
}
