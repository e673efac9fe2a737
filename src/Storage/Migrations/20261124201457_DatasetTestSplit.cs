using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FedBpt.Storage.Migrations
{
    /// <inheritdoc />
    public partial class DatasetTestSplit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "TestContent",
                table: "Datasets",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TestRows",
                table: "Datasets",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TestContent",
                table: "Datasets");

            migrationBuilder.DropColumn(
                name: "TestRows",
                table: "Datasets");
        }
    }
}
