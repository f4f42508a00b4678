import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';
import type { MissionVersion, Page, Team, Unit } from './types.ts';

/** The mission in force today: person roles, staff categories, teams and the rest. */
export function useMission() {
  return useQuery({ queryKey: ['mission'], queryFn: ({ signal }) => api.get<MissionVersion>('/api/v1/mission', signal), staleTime: 5 * 60_000 });
}

/** Every unit the user may see (both municipalities for IT staff). */
export function useAllUnits() {
  return useQuery({ queryKey: ['units', 'all'], queryFn: ({ signal }) => api.get<Page<Unit>>('/api/v1/units', signal), staleTime: 60_000 });
}

export function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: ({ signal }) => api.get<Page<Team>>('/api/v1/teams', signal), staleTime: 5 * 60_000 });
}
