using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FedBpt.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ScaleOut : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Queue",
                table: "Experiments",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SweepId",
                table: "Experiments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Sweeps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BaseSpecJson = table.Column<string>(type: "TEXT", nullable: false),
                    AxesJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sweeps", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Experiments_SweepId",
                table: "Experiments",
                column: "SweepId");

            migrationBuilder.CreateIndex(
                name: "IX_Sweeps_CreatedUtc",
                table: "Sweeps",
                column: "CreatedUtc",
                descending: new bool[0]);

            migrationBuilder.AddForeignKey(
                name: "FK_Experiments_Sweeps_SweepId",
                table: "Experiments",
                column: "SweepId",
                principalTable: "Sweeps",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Experiments_Sweeps_SweepId",
                table: "Experiments");

            migrationBuilder.DropTable(
                name: "Sweeps");

            migrationBuilder.DropIndex(
                name: "IX_Experiments_SweepId",
                table: "Experiments");

            migrationBuilder.DropColumn(
                name: "Queue",
                table: "Experiments");

            migrationBuilder.DropColumn(
                name: "SweepId",
                table: "Experiments");
        }
    }
}
