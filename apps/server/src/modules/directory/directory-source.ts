// What a directory source (LDAP or CSV) yields: the units and the people as the school lists them.

export interface SourceUnit {
  code: string;
  nameZh: string;
  nameEn: string;
  /** null: directly under the school (the org tree's root). */
  parentCode: string | null;
}

export interface SourcePerson {
  /** 学号/工号. */
  campusId: string;
  name: string;
  email: string | null;
  phone: string | null;
  unitCode: string;
}

export interface DirectorySnapshot {
  units: SourceUnit[];
  people: SourcePerson[];
}
